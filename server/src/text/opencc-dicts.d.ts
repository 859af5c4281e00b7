// opencc-js ships its dictionary tables as ES modules (exported as `opencc-js/dict/<name>` and the
// locale groups as `opencc-js/from/<locale>`, `opencc-js/to/<locale>`) without type declarations.
declare module 'opencc-js/dict/*' {
  const dict: string;
  export default dict;
}
declare module 'opencc-js/from/*' {
  import type { DictGroup } from 'opencc-js/core';
  const groups: readonly DictGroup[];
  export default groups;
}
declare module 'opencc-js/to/*' {
  import type { DictGroup } from 'opencc-js/core';
  const groups: readonly DictGroup[];
  export default groups;
}
