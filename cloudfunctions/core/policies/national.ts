/**
 * 异地就医备案 rules that hold nationally (docs/policy.md §2, "National"), in the words residents are shown. A
 * city's filing policy says which it applies (`national`), so a city whose own rules differ can turn one off.
 */
export const NATIONAL_FILING_NOTES = {
  emergencyCountsAsFiled:
    '急诊抢救视同已备案：在外地急诊就医的，不必先备案，可以事后补办备案，再按参保地规定结算或报销。',
  commitmentForLongTerm: '长期备案可以用《个人承诺书》代替居住证明等认定材料。',
} as const;
