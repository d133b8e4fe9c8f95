/** Points (1/72 inch, PDF's unit) per millimetre. */
export const PT_PER_MM = 72 / 25.4;

/** Millimetres to points. */
export const mm = (value: number): number => value * PT_PER_MM;
