// The scheduler of a serve process: every interval it asks for the leadership of this database's
// serve processes and, while it leads, runs the automatic supervision (cases::Supervisor). One
// leader at a time however many processes serve; another takes over when the leader stops.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "base/leader_lease.h"
#include "modules/cases/supervisor.h"

namespace civicgrid::cli {

class Scheduler {
 public:
  Scheduler(base::LeaderLease& lease, cases::Supervisor& supervisor,
            std::chrono::milliseconds interval)
      : lease_(lease), supervisor_(supervisor), interval_(interval) {}
  ~Scheduler() { Stop(); }
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  void Start();
  // Idempotent; waits for a run in progress.
  void Stop();
  // "leader", "standby", or "off" before Start / after Stop.
  const char* State() const;

 private:
  void Loop();

  base::LeaderLease& lease_;
  cases::Supervisor& supervisor_;
  std::chrono::milliseconds interval_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;          // guarded by mu_
  std::atomic<int> state_{0};  // 0 off, 1 standby, 2 leader
};

}  // namespace civicgrid::cli
