#include "cli/webhook_worker.h"

#include <iostream>

#include "api/webhook_body.h"
#include "http/client.h"

namespace civicgrid::cli {
namespace {

constexpr int kBatch = 20;
constexpr std::chrono::milliseconds kTimeout{5000};

}  // namespace

void WebhookWorker::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void WebhookWorker::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int WebhookWorker::RunOnce() {
  auto due = webhooks_.ClaimDue(kBatch);
  if (!due) {
    std::cerr << "civicgrid: webhook claim failed: " << due.error().message << std::endl;
    return 0;
  }
  for (const auto& d : *due) {
    webhooks::Attempt attempt;
    auto found = cases_.GetForDelivery(d.delivery.case_id);
    const cases::CaseView* view = found && *found ? &**found : nullptr;
    const cases::CaseEvent* event = nullptr;
    if (view) {
      for (const auto& e : view->history) {
        if (e.id == d.delivery.event_id) event = &e;
      }
    }
    const auto started = std::chrono::steady_clock::now();
    attempt.at = clock_.NowMs();
    if (event == nullptr) {
      attempt.error = "the case event is gone";
    } else {
      const std::string body = api::WebhookBody(d.delivery, *view, *event, d.webhook.personal_data);
      if (d.webhook.personal_data) {
        if (auto st = cases_.AuditSent(view->c, "webhook " + std::to_string(d.webhook.id)); !st) {
          std::cerr << "civicgrid: audit failed, delivery held: " << st.error().message
                    << std::endl;
          continue;
        }
      }
      auto result = http::Post(d.webhook.url, body,
                               {{"X-CivicGrid-Event", d.delivery.event_type},
                                {"X-CivicGrid-Delivery", std::to_string(d.delivery.id)},
                                {"X-CivicGrid-Signature",
                                 webhooks::Signature(d.webhook.secret, attempt.at / 1000, body)}},
                               kTimeout);
      attempt.status = result.status;
      attempt.error = result.error;
    }
    attempt.ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - started)
                     .count();
    if (auto st = webhooks_.Finish(d, attempt); !st) {
      std::cerr << "civicgrid: webhook bookkeeping failed: " << st.error().message << std::endl;
    }
  }
  return static_cast<int>(due->size());
}

void WebhookWorker::Loop() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    // A full batch: there may be more due at once.
    while (RunOnce() == kBatch) {
      std::lock_guard check(mu_);
      if (stop_) break;
    }
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stop_; });
  }
}

}  // namespace civicgrid::cli
