import type { Root } from '../content/stored';
import type { PublishedView } from '../store/published';
import type { ReleaseStore } from '../store/release-store';

/** What every route sees: the deployment's bindings, the release it serves, and its published view. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    /** The root of the release this deployment serves (bundled with it: no KV read). */
    root: Root;
    /** The release as a reader may see it now: routes list and find articles only through it. */
    view: PublishedView;
    store: ReleaseStore;
    styleHash: string;
  };
}
