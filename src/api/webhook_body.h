// The JSON body of a webhook delivery: the event and the case's facts as they were then (the
// event row is immutable, so every retry sends the same bytes).
#pragma once

#include <string>

#include "modules/cases/cases_service.h"
#include "modules/webhooks/webhook.h"

namespace civicgrid::api {

// `personal` adds the reporter's phone (a webhook for an SMS gateway).
std::string WebhookBody(const webhooks::Delivery& d, const cases::CaseView& view,
                        const cases::CaseEvent& event, bool personal);

}  // namespace civicgrid::api
