/**
 * Who picks the variable at a decision of a guided search: 'search' leaves it to the search's own
 * order (dom/wdeg); 'confidence' branches on the variable the encoder is surest of
 * (guided-order.ts ScoreOrder.select). Its own module so the CLI can list the choices without
 * loading the search.
 */
export const ENCODER_VARIABLES = ['search', 'confidence'] as const;
export type EncoderVariables = (typeof ENCODER_VARIABLES)[number];
