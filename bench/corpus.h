// A deterministic, seeded corpus of realistic outbound campaigns for the benchmarks.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace patter::bench {

/// One generated campaign: the path it is compiled as and its source text.
struct CampaignSource {
  std::string path;
  std::string text;
};

/// Writes campaign `index` of the corpus drawn from `seed`, at size `factor`.
///
/// Every campaign is modelled on examples/data_pack_10.patter: it imports the mobile outbound
/// policy and the standard handlers, declares an offer and the six clauses that policy requires,
/// verifies the owner, pitches, confirms and registers. `factor` scales the body: the campaign
/// has `factor` pitch steps (the mandatory disclosures spread over them) and `3 * factor`
/// keyword objections, so the source grows linearly in `factor` on top of a fixed head
/// (imports, offer, clauses, greeting, confirmation). The same (seed, index, factor) always gives
/// the same text, and every generated campaign compiles without diagnostics.
std::string generateCampaign(std::uint64_t seed, unsigned index, unsigned factor);

/// `count` campaigns (indices 0..count-1) at one size, each named `corpus/c<index>.patter`.
std::vector<CampaignSource> generateCorpus(std::uint64_t seed, unsigned count, unsigned factor);

} // namespace patter::bench
