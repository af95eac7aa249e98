import { createContext } from '@lit/context';
import type { CmdctrClient } from '@cmdctr/contract';
import type { Bucket } from './format.js';
import type { ThemeName } from './theme.js';

/** Settings `<cmdctr-config>` shares with every cmdctr element inside it. */
export interface CmdctrConfig {
  /** API base URL; '' means the page's own origin. */
  src?: string;
  /** The client built from `src` and the auth settings; elements with no own `src` use it. */
  client?: CmdctrClient;
  locale?: string;
  tz?: string;
  theme?: ThemeName;
  refresh?: number;
  live?: boolean;
  workflow?: string;
  region?: string;
  range?: string;
  bucket?: Bucket;
}

/**
 * `Symbol.for` keeps the context key identical across two copies of the library on one page,
 * so a config from one copy still reaches elements from the other.
 */
export const configContext = createContext<CmdctrConfig | undefined>(Symbol.for('cmdctr-config'));
