// What a path of the call has done so far, as the path search keys it.
#pragma once

#include <llvm/ADT/DenseMap.h>

#include <cstdint>
#include <map>
#include <vector>

namespace patter {

/// Sets of disclosed clauses, each stored once and named by a number, so a call state stays
/// small however many clauses a campaign has.
class ClauseSets {
public:
  using Mask = std::vector<uint64_t>;

  explicit ClauseSets(size_t clauses) : words_((clauses + 63) / 64) { intern(Mask(words_)); }

  /// A mask of clause bits, sized for these sets.
  Mask mask() const { return Mask(words_); }
  static void set(Mask &mask, unsigned bit) { mask[bit / 64] |= uint64_t(1) << (bit % 64); }

  static constexpr uint32_t kEmpty = 0;
  bool contains(uint32_t set, unsigned bit) const {
    return (sets_[set][bit / 64] >> (bit % 64)) & 1;
  }
  /// The bits of `required` that `set` lacks.
  Mask missing(uint32_t set, const Mask &required) const {
    Mask out(words_);
    for (size_t w = 0; w < words_; ++w)
      out[w] = required[w] & ~sets_[set][w];
    return out;
  }
  static bool any(const Mask &mask) {
    for (uint64_t w : mask)
      if (w)
        return true;
    return false;
  }
  /// `set` with the clauses of mask number `maskId` added (masks are registered once).
  uint32_t with(uint32_t set, uint32_t maskId) {
    auto [it, added] = unions_.insert({uint64_t(set) << 32 | maskId, 0});
    if (added) {
      Mask united = sets_[set];
      for (size_t w = 0; w < words_; ++w)
        united[w] |= masks_[maskId][w];
      it->second = intern(std::move(united));
    }
    return it->second;
  }
  uint32_t addMask(Mask mask) {
    masks_.push_back(std::move(mask));
    return static_cast<uint32_t>(masks_.size() - 1);
  }

private:
  uint32_t intern(Mask set) {
    auto [it, added] = index_.insert({set, static_cast<uint32_t>(sets_.size())});
    if (added)
      sets_.push_back(std::move(set));
    return it->second;
  }

  size_t words_;
  std::vector<Mask> sets_, masks_;
  std::map<Mask, uint32_t> index_;
  llvm::DenseMap<uint64_t, uint32_t> unions_;
};

/// What a path has done so far.
struct CallState {
  int node;
  uint32_t disclosed = ClauseSets::kEmpty; ///< the set of clauses disclosed (ClauseSets)
  int returnTo = -1;       ///< for objections and handler steps: the step they interrupted
  uint8_t waitPhrases = 0; ///< wait phrases said so far in the call, up to one over the limit
  uint8_t retention = 0;   ///< retention attempts so far (R08), at most one over the ceiling
  uint8_t mood = 0;        ///< angry, elderly, busy: the flags that lowered the ceiling
  uint8_t ceiling = 0;     ///< the retention ceiling for this customer (follows from `mood`)
  bool verified = false;   ///< the owner answered yes to `verify owner`
  bool consented = false;  ///< the last question was a `confirm` answered yes
  bool askedAgain = false; ///< back by `retry`/`resume`: only the question is repeated
  bool answeredYes = false; ///< the customer's last answer was a yes
  bool refused = false;    ///< a refusal that no return to a pitch has answered yet
  bool spent = false;      ///< arrived with the budget spent: only `exhausted`, or a step's
                           ///< `no` route, is taken
  bool over = false;       ///< arrived at a pitch over the ceiling
  bool sold = false;       ///< a sale ran on this path
  bool balanceOk = false;  ///< R21: the balance check answered `sufficient`
  bool objected = false;   ///< R20: the customer objected (a `no`, an objection) on this path
  bool revoked = false;    ///< R20: the revoke host call was made

  uint32_t flags() const {
    return uint32_t(verified) | uint32_t(consented) << 1 | uint32_t(askedAgain) << 2 |
           uint32_t(answeredYes) << 3 | uint32_t(refused) << 4 | uint32_t(spent) << 5 |
           uint32_t(over) << 6 | uint32_t(sold) << 7 | uint32_t(balanceOk) << 8 |
           uint32_t(revoked) << 9 | uint32_t(objected) << 10;
  }
};

/// A call state packed without loss: the search keeps keys, not states, so two states must
/// never share one.
struct StateKey {
  uint64_t high, low;

  static StateKey of(const CallState &s) {
    return {uint64_t(uint32_t(s.node)) << 32 | uint32_t(s.returnTo + 1),
            uint64_t(s.disclosed) << 32 | uint64_t(s.waitPhrases) << 24 |
                uint64_t(s.retention & 7) << 20 | uint64_t(s.mood & 7) << 16 | s.flags()};
  }
  bool operator==(const StateKey &o) const { return high == o.high && low == o.low; }
};

/// Hashes both halves on all their bits (LLVM's own hash of a 64-bit key keeps 32 bits of
/// `key * 37`, which once dropped the node index and made the search quadratic).
struct StateKeyInfo {
  static StateKey getEmptyKey() { return {~0ULL, ~0ULL}; }
  static StateKey getTombstoneKey() { return {~0ULL, ~0ULL - 1}; }
  static unsigned getHashValue(const StateKey &key) {
    uint64_t k = key.high * 0x9E3779B97F4A7C15ULL ^ key.low;
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return static_cast<unsigned>(k);
  }
  static bool isEqual(const StateKey &a, const StateKey &b) { return a == b; }
};

} // namespace patter
