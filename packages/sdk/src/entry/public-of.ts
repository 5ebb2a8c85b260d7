/**
 * The public members of a class: `keyof` leaves out `#private` ones. A facade `implements PublicOf<Engine>`,
 * so the compiler keeps its surface the same as the engine class it forwards to.
 */
export type PublicOf<T> = { [K in keyof T]: T[K] };
