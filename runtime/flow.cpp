// Flow accessors and the plain-data helpers of action.h.
#include "patter/flow.h"

#include <fmt/format.h>

#include "flow_data.h"
#include "patter/action.h"

namespace patter {

std::string_view Flow::campaignId() const noexcept { return data_->campaignId; }
std::string_view Flow::title() const noexcept { return data_->title; }
std::string_view Flow::product() const noexcept { return data_->product; }
const Limits& Flow::limits() const noexcept { return data_->limits; }

std::size_t Flow::stepCount() const noexcept { return data_->stepCount; }
std::string_view Flow::stepId(std::size_t index) const { return data_->strings.at(data_->nodes.at(index).id); }
std::string_view Flow::startStep() const noexcept { return data_->strings[data_->nodes[data_->start].id]; }
std::size_t Flow::objectionCount() const noexcept { return data_->nodes.size() - data_->stepCount; }
std::string_view Flow::objectionId(std::size_t index) const {
  return data_->strings.at(data_->nodes.at(data_->stepCount + index).id);
}

std::size_t Flow::clauseCount() const noexcept { return data_->clauseIds.size(); }
std::string_view Flow::clauseId(std::size_t index) const { return data_->clauseIds.at(index); }
std::string_view Flow::clauseText(std::size_t index) const { return data_->clauseTexts.at(index); }
bool Flow::isMandatory(std::size_t clauseIndex) const { return data_->mandatory.at(clauseIndex); }

const Classifier& Flow::classifier() const noexcept { return data_->classifier; }

std::string_view toString(ActionKind kind) noexcept {
  switch (kind) {
  case ActionKind::Say: return "say";
  case ActionKind::Invoke: return "invoke";
  case ActionKind::Register: return "register";
  case ActionKind::Refuse: return "refuse";
  case ActionKind::End: return "end";
  }
  return "say";
}

std::string transcriptLine(const Action& a) {
  switch (a.kind) {
  case ActionKind::Say: return fmt::format("坐席: {}", a.text);
  case ActionKind::Invoke: return fmt::format("[invoke {}]", a.name);
  case ActionKind::Register: return fmt::format("[register {} for {}]", a.text, a.number);
  case ActionKind::Refuse: return fmt::format("[refused: {} {}]", a.rule, a.reason);
  case ActionKind::End: return fmt::format("[end {}]", a.outcome);
  }
  return {};
}

} // namespace patter
