export { evalRaw, getRedis, redisKeys } from "./client";
