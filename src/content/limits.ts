/** Limits of the platform that content must fit in. */

export const MIB = 1024 * 1024;

/** Workers KV's limit on one value; a markdown body is stored whole, so it must fit. */
export const KV_VALUE_LIMIT = 25 * MIB;

/** The most any index value a cache miss reads may take, at any size (property 9). */
export const INDEX_VALUE_LIMIT = 64 * 1024;
