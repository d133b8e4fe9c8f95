/** The part of multer (2.x, brought by @nestjs/platform-express) the comms console's CSV upload uses; multer ships no types. */
declare module 'multer' {
  import type { RequestHandler } from 'express';

  interface MulterOptions {
    storage?: unknown;
    limits?: { fileSize?: number; files?: number; fields?: number; parts?: number; fieldSize?: number };
  }
  interface Multer {
    single(field: string): RequestHandler;
  }
  interface MulterFactory {
    (options?: MulterOptions): Multer;
    memoryStorage(): unknown;
  }
  const multer: MulterFactory;
  export default multer;
}
