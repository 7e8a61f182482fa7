/**
 * For the projects that start servers: after the run, the test databases' directories whose
 * process has ended are removed (test-database.ts), this run's and any a killed run left.
 */
import { removeLeftoverTestDirs } from './test-database';

export default function setup() {
  return () => removeLeftoverTestDirs();
}
