// Offboarding a person across orgs (see README.md in this folder).
export { createOffboarding, type CreateOffboardingOptions } from "./create.ts";
export { CONFIRM_LOGIN_ABOVE, planOffboarding, previewOf, type OffboardingPreview, type OffboardingOrgPreview } from "./plan.ts";
export { runOffboarding } from "./run.ts";
export { getOffboarding, listOffboardings, type OffboardingView, type OffboardingStatus } from "./view.ts";
