export { enforceRateLimit, type LimitName } from "./limiters";
export {
  consumeApiQuota,
  knownApiQuotaRefusal,
  markHostOverQuota,
  isHostOverQuota,
  apiQuotaHeaders,
  apiQuotaError,
  apiQuotaLimit,
  API_QUOTA_WINDOW_MS,
  type QuotaDecision,
} from "./api-quota";
