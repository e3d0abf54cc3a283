// The spelling of each callflow::Op in the flow file (patter/format.h).
#pragma once

#include "callflow/CallFlow.h"
#include "patter/format.h"

#include <string_view>

namespace patter::callflow {

inline std::string_view opName(Op o) {
  namespace op = format::op;
  switch (o) {
  case Op::Say: return op::say;
  case Op::Ask: return op::ask;
  case Op::Disclose: return op::disclose;
  case Op::VerifyOwner: return op::verifyOwner;
  case Op::Confirm: return op::confirm;
  case Op::Register: return op::registerSale;
  case Op::Invoke: return op::invoke;
  case Op::End: break;
  }
  return op::end;
}

} // namespace patter::callflow
