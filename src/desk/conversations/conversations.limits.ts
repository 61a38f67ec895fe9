// How long a message may be, for the conversation service, the socket frames
// and the browser scripts alike (this module imports nothing, so the browser
// type check can follow the frames here).

/** The longest message body, in characters. */
export const MAX_BODY_CHARS = 2000;
