/** The second half of the REST fuzz suite: see fuzz-rest.test.ts. */
import { fuzzRest } from '../support/fuzz-rest/suite';

await fuzzRest(1, 2);
