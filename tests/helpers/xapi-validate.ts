import xapiValidation from '@learninglocker/xapi-validation';

/** Learning Locker's xAPI 1.0.3 statement validator: the problems it finds (none: valid). */
type Validate = (statement: unknown) => { path: string[]; message: string }[];
// CommonJS with `exports.default`: imported natively, the function sits one level down.
export const validateStatement: Validate =
  (xapiValidation as unknown as { default?: Validate }).default ?? xapiValidation;
