/** The suite's version, recorded in manifests and printed by `aza-pg --version`. */
export const AZA_PG_VERSION = '0.1.0';
