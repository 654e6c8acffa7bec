import type { Root } from '../content/layout';
import type { Schedule } from '../content/schedule';
import type { ReleaseStore } from '../store/release-store';

/** What every route sees: the deployment's bindings, the release it serves and a store for it. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    release: Root;
    schedule: Schedule;
    store: ReleaseStore;
    styleHash: string;
  };
}
