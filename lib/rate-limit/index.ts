export { enforceRateLimit, type LimitName } from "./limiters";
export {
  consumeApiQuota,
  knownApiQuotaRefusal,
  apiQuotaHeaders,
  apiQuotaError,
  apiQuotaLimit,
  API_QUOTA_WINDOW_MS,
  type QuotaDecision,
} from "./api-quota";
