#pragma once

/// \file Cost terms of the SuperKernel model (DOMAIN.md §2), registered from BuiltinRegistry.cpp.
///
/// Every term is a pure function of the task graph (no run-time state), so each one computes its
/// extra cycles per task once when the simulation starts. The formulas, as `batch costs` prints them:
///
/// - `sk-launch`: an AI-core kernel task (its kernel has a `type`) pays `sk_launch_cycles`, except
///   the sub-operators of a fused SuperKernel group after the first (one launch for the group).
/// - `sk-sync`: a task of role `sync` with `sync_range` R pays
///   `sk_sync_base_cycles + sk_sync_core_cycles × cores(R)` (0 for `none`), where cores(R) counts
///   signalling plus waiting cores: all = 2 × (cube + vector), vector = 2 × vector, cube = 2 × cube,
///   cube-to-vector = vector-to-cube = cube + vector. A notify/wait event task (key `event`) pays
///   `sk_event_cycles`.
/// - `sk-l2-contention`: a sub-operator whose `blocks` cores fetch the same code copy at once
///   serialises at L2: `units × sk_l2_serial_cycles × (ceil(blocks / copies) − 1)` with
///   units = ceil(code_bytes / sk_code_unit_bytes) and copies = the group's `copies` (1 outside
///   a split group).
/// - `sk-code-footprint`: a fused group's code occupies F = copies × Σ units × sk_code_unit_bytes
///   over its distinct kernels; when F > sk_l2_code_bytes the overflow share of every sub-operator's
///   fetch comes from memory, once per copy it touches:
///   `round((F − L2) / F × units × sk_hbm_unit_cycles × min(blocks, copies))`.
/// - `sk-early-start`: an early-start wait (key `early_start`) pays `sk_es_handshake_cycles` for the
///   set/wait pair (the overlap itself is structural: the pass moves the tail to the `MTE` lane).

namespace lookahead {

class CostModel;
void registerSuperKernelCostTerms(CostModel& model);

} // namespace lookahead
