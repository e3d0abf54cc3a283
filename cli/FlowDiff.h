// What changed between two versions of a campaign in compliance terms, for `patter diff` and the
// report's section on it.
#pragma once

#include "ReviewInput.h"

#include <string>
#include <vector>

namespace patter::cli {

struct Change {
  /// What part changed: `clause`, `mandatory`, `sale_path`, `confirmation`, `closing`,
  /// `ceiling`, `timing`, `waiver`, `lexicon`, `line`, `policy`.
  std::string section;
  std::string kind; ///< `added`, `removed`, `changed`
  std::string subject; ///< the clause id, line id, counter name, ...
  std::string before, after; ///< the old and new text or value; empty for added / removed
};

struct FlowDiff {
  std::string oldPath, newPath;
  std::string oldIdentity, newIdentity; ///< `identity.flow`, empty when a flow has none
  std::vector<Change> changes;          ///< grouped by section, in the order above
  /// What could not be compared, e.g. the lexicon of a flow file.
  std::vector<std::string> notes;
};

FlowDiff diffOf(const ReviewInput &before, const ReviewInput &after);

/// The sections in the order they are reported, each with its heading for people.
struct DiffSection {
  const char *id;
  const char *english;
  const char *chinese;
};
const std::vector<DiffSection> &diffSections();

std::string diffText(const FlowDiff &diff);
std::string diffJson(const FlowDiff &diff);

} // namespace patter::cli
