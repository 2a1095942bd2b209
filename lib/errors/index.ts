export { AppError, ERROR_STATUS, toErrorBody, type ErrorCode, type ErrorDetail, type ErrorBody } from "./app-error";
export { fromZodError } from "./from-zod";
