export { getRedis, redisKeys } from "./client";
