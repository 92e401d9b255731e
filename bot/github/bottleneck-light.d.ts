// The light build plugin-throttling and plugin-retry import; the same API as the full package.
declare module "bottleneck/light.js" {
  import Bottleneck from "bottleneck";
  export default Bottleneck;
}
