import { modelSuite } from './model-suite';
import { spec2022 } from './oracle';

// Definition version 2, the 2022 notice (README, "Changing the workflow").
modelSuite(spec2022);
