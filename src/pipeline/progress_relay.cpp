#include "progress_relay.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>

#include "gcd_mpi/core/progress.hpp"

namespace gcd_mpi::pipeline::detail {

ProgressPlan progress_plan(int interval_ms) {
    ProgressPlan plan;
    plan.on = interval_ms > 0;
    const auto half = std::chrono::milliseconds(std::max(1, interval_ms / 2));
    plan.worker_tick = std::clamp(half, std::chrono::milliseconds(250), std::chrono::milliseconds(5000));
    plan.root_tick = std::clamp(half, std::chrono::milliseconds(50), std::chrono::milliseconds(1000));
    return plan;
}

void compute_reporting(Team& team, const ProgressPlan& plan, const std::function<void()>& compute) {
    Channel* channel = team.channel();
    if (!plan.on || channel == nullptr) {
        compute();
        return;
    }
    std::mutex mutex;
    std::condition_variable finished;
    bool done = false;
    std::exception_ptr compute_error;
    std::optional<std::thread> thread;
    try {
        thread.emplace([&] {
            try {
                compute();
            } catch (...) {
                compute_error = std::current_exception();
            }
            const std::lock_guard<std::mutex> lock(mutex);
            done = true;
            finished.notify_all();
        });
    } catch (const std::system_error&) {
        compute();  // no thread to spare: this batch's progress shows at its end
        return;
    }
    std::exception_ptr team_error;
    const auto tick = team.is_root() ? plan.root_tick : plan.worker_tick;
    std::unique_lock<std::mutex> lock(mutex);
    while (!finished.wait_for(lock, tick, [&] { return done; })) {
        lock.unlock();
        try {
            if (team.is_root())
                channel->drain_progress();
            else
                channel->send_progress(local_progress(false));
        } catch (...) {
            team_error = std::current_exception();  // the thread is joined first
        }
        lock.lock();
        if (team_error) {
            finished.wait(lock, [&] { return done; });
            break;
        }
    }
    lock.unlock();
    thread->join();
    if (compute_error) std::rethrow_exception(compute_error);
    if (team_error) std::rethrow_exception(team_error);
}

void end_progress_round(Team& team, const ProgressPlan& plan) {
    Channel* channel = team.channel();
    if (!plan.on || channel == nullptr) return;
    if (team.is_root())
        channel->await_progress_round();
    else
        channel->send_progress(local_progress(true));
}

}  // namespace gcd_mpi::pipeline::detail
