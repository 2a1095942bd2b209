export { findUserForSignIn } from "./find-user-for-sign-in";
export { getUser, type UserSummary } from "./get-user";
