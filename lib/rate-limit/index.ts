export { enforceRateLimit, type LimitName } from "./limiters";
