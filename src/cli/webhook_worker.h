// The sender of outgoing webhooks in a serve process: every interval it claims the due
// deliveries (webhooks::WebhookService), builds each body from the case event, signs it, posts
// it, and records the attempt. Several serve processes may run one each: a claim keeps a
// delivery to one sender; a sender that dies leaves its claims to be taken again.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "modules/cases/cases_service.h"
#include "modules/webhooks/webhook_service.h"

namespace civicgrid::cli {

class WebhookWorker {
 public:
  WebhookWorker(webhooks::WebhookService& webhooks, cases::CasesService& cases,
                const base::Clock& clock, std::chrono::milliseconds interval)
      : webhooks_(webhooks), cases_(cases), clock_(clock), interval_(interval) {}
  ~WebhookWorker() { Stop(); }
  WebhookWorker(const WebhookWorker&) = delete;
  WebhookWorker& operator=(const WebhookWorker&) = delete;

  void Start();
  void Stop();  // idempotent; waits for a send in progress
  // Sends what is due now; returns how many deliveries were attempted.
  int RunOnce();

 private:
  void Loop();

  webhooks::WebhookService& webhooks_;
  cases::CasesService& cases_;
  const base::Clock& clock_;
  std::chrono::milliseconds interval_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;  // guarded by mu_
};

}  // namespace civicgrid::cli
