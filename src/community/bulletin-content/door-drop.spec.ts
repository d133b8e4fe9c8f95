import { planDoorDrop } from './door-drop.js';

const mill = { name: 'Mill Court', areas: ['NN1 3'], streets: [{ name: 'Mill Road', addresses: 120 }, { name: 'Weaver Close', addresses: 45 }] };
const eastfield = { name: 'Eastfield', areas: ['NN3 5'], streets: [{ name: 'East Road', addresses: 0 }, { name: 'West Road', addresses: 0 }] };
const kingsley = { name: 'Kingsley', areas: ['NN2 7'], streets: [] };

describe('door-drop copies', () => {
  it('follow each street\'s letterboxes, and keep the rest of the copies asked for spare', () => {
    const plan = planDoorDrop([mill], 'a5', 1, 500);
    expect(plan.neighbourhoods[0].streets.map((s) => s.copies)).toEqual([120, 45]);
    expect(plan).toMatchObject({ copies: 500, spare: 335, sheets: 250, unknownStreets: 0, doubleSided: false });
    expect(planDoorDrop([mill], 'a5', 1)).toMatchObject({ copies: 165, spare: 0, sheets: 83 });
  });

  it('refuse fewer copies than the letterboxes counted, naming copies', () => {
    expect(() => planDoorDrop([mill], 'a5', 1, 100)).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ field: 'copies', rule: 'min' })] }));
  });

  it('share what is left of the copies asked for between streets and neighbourhoods not counted, the first taking any extra', () => {
    const plan = planDoorDrop([mill, eastfield, kingsley], 'a4', 1, 265);
    expect(plan.neighbourhoods[1].streets.map((s) => s.copies)).toEqual([34, 33]);
    expect(plan.neighbourhoods[2].streets).toEqual([{ name: 'Every address in NN2 7', letterboxes: null, copies: 33 }]);
    expect(plan.neighbourhoods.map((n) => n.copies)).toEqual([165, 67, 33]);
    expect(plan).toMatchObject({ copies: 265, spare: 0, sheets: 265, unknownStreets: 0 });
  });

  it('leave uncounted streets unknown when no number is asked for', () => {
    const plan = planDoorDrop([mill, eastfield], 'a5', 1);
    expect(plan.neighbourhoods[1]).toMatchObject({ copies: null, streets: [{ copies: null }, { copies: null }] });
    expect(plan).toMatchObject({ copies: 165, unknownStreets: 2 });
  });

  it('count a sheet per two pages of each copy, printed on both sides', () => {
    expect(planDoorDrop([mill], 'a5', 2)).toMatchObject({ sheets: 83, doubleSided: true });
    expect(planDoorDrop([mill], 'a5', 3)).toMatchObject({ sheets: 166, doubleSided: true });
    expect(planDoorDrop([mill], 'a4', 2)).toMatchObject({ sheets: 165 });
  });
});
