/** Limits of the platform that content must fit in. */

export const MIB = 1024 * 1024;

/** Workers KV's limit on one value; a markdown body is stored whole, so it must fit. */
export const KV_VALUE_LIMIT = 25 * MIB;
