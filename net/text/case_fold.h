// simpleCaseFold: Unicode's simple case folding, one code point to one, for every script that
// has case (Latin, Greek, Cyrillic, Armenian, Georgian, Cherokee, Glagolitic, Deseret...), so
// names that differ only in case compare equal without a Unicode library.
// Tests: tests/net/text/case_fold_test.cpp
#pragma once

namespace weft::net {

// The folded form of `code`: Unicode's CaseFolding statuses C and S. Mostly the small letter
// ('É' -> 'é', 'Ω' -> 'ω', 'Ж' -> 'ж'), and one form for letters that fold together: 'ς' and 'σ'
// (Greek final and medial sigma) -> 'σ', KELVIN SIGN -> 'k', 'ſ' (long s) -> 's'. Letters whose
// full folding is longer ('ß' -> "ss", 'İ' -> "i̇") fold only as far as one code point goes:
// 'ß' stays 'ß', and 'ẞ' folds to it.
char32_t simpleCaseFold(char32_t code);

}  // namespace weft::net
