import { prepareTestServices } from "./prepare-test-services";

// Runs once before all Vitest files; workers inherit process.env set here.
export default async function setup(): Promise<() => Promise<void>> {
  const services = await prepareTestServices();
  return () => services.close();
}
