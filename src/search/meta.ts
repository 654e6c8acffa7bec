/** The index's root lives in the release root, so its schema is the content model's. */
export { type SearchMeta, searchMetaSchema } from '../content/stored';
