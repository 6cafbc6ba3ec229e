#include "cli/scheduler.h"

#include <iostream>

namespace civicgrid::cli {

void Scheduler::Start() {
  state_ = 1;
  thread_ = std::thread([this] { Loop(); });
}

void Scheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  state_ = 0;
}

const char* Scheduler::State() const {
  switch (state_.load()) {
    case 2:
      return "leader";
    case 1:
      return "standby";
    default:
      return "off";
  }
}

void Scheduler::Loop() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    bool leading = lease_.Hold();
    state_ = leading ? 2 : 1;
    if (leading) {
      auto run = supervisor_.RunOnce();
      if (!run) {
        std::cerr << "civicgrid: supervision run failed: " << run.error().message << std::endl;
      } else if (run->supervised > 0 || run->escalated > 0) {
        std::cerr << "civicgrid: supervised " << run->supervised << ", escalated " << run->escalated
                  << " overdue cases" << std::endl;
      }
    }
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stop_; });
  }
}

}  // namespace civicgrid::cli
