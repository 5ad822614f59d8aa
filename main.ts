/** FestSafe entry point: assembles the app and serves it (see lib/server.ts). */
import { main } from "./lib/server.ts";

if (import.meta.main) await main();
