;; The embedded store's exact dot-product scan (src/stores/embedded/dot_kernel.ts loads it).
;; Compiled by `deno task kernel` (wabt) into dot_kernel_bytes.ts; a test checks the two agree.
;;
;; dots(q, data, width, rows, count, out): for j < count,
;;   out[j] = q[0] * row[0] + q[1] * row[1] + ... + q[width - 1] * row[width - 1]
;; where row = data[rows[j] * width ..]. q is float64[width] (the float32 query widened), data
;; float32 rows, rows int32[count], out float64[count]; count is a multiple of 8 (the caller pads).
;;
;; Every row keeps its own float64 sum, added in element order with a separate multiply and add
;; (no fused multiply-add in SIMD128), so each sum is bit-equal to the one-row JavaScript loop
;; `d += q[k] * row[k]`. Two rows share one f64x2 (one lane each); eight rows (four f64x2
;; sums) are in flight at once to hide the latency of the adds, four elements per step.
(module
  (import "env" "memory" (memory 1 65536))
  (func (export "dots") (param $q i32) (param $data i32) (param $width i32) (param $rows i32)
      (param $count i32) (param $out i32)
    (local $j i32) (local $k i32) (local $qk i32) (local $rowBytes i32) (local $vecBytes i32)
    (local $r i32) (local $o0 i32) (local $o1 i32) (local $o2 i32) (local $o3 i32)
    (local $o4 i32) (local $o5 i32) (local $o6 i32) (local $o7 i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $a v128) (local $b v128) (local $q0 v128) (local $q1 v128) (local $q2 v128) (local $q3 v128)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    ;; the part of a row read 16 bytes (4 floats) at a time; the rest one float at a time
    (local.set $vecBytes (i32.and (local.get $rowBytes) (i32.const -16)))
    (block $done (loop $group
      (br_if $done (i32.ge_u (local.get $j) (local.get $count)))
      ;; byte offsets of the group's eight rows
      (local.set $r (i32.add (local.get $rows) (i32.shl (local.get $j) (i32.const 2))))
      (local.set $o0 (i32.add (local.get $data) (i32.mul (i32.load offset=0 (local.get $r)) (local.get $rowBytes))))
      (local.set $o1 (i32.add (local.get $data) (i32.mul (i32.load offset=4 (local.get $r)) (local.get $rowBytes))))
      (local.set $o2 (i32.add (local.get $data) (i32.mul (i32.load offset=8 (local.get $r)) (local.get $rowBytes))))
      (local.set $o3 (i32.add (local.get $data) (i32.mul (i32.load offset=12 (local.get $r)) (local.get $rowBytes))))
      (local.set $o4 (i32.add (local.get $data) (i32.mul (i32.load offset=16 (local.get $r)) (local.get $rowBytes))))
      (local.set $o5 (i32.add (local.get $data) (i32.mul (i32.load offset=20 (local.get $r)) (local.get $rowBytes))))
      (local.set $o6 (i32.add (local.get $data) (i32.mul (i32.load offset=24 (local.get $r)) (local.get $rowBytes))))
      (local.set $o7 (i32.add (local.get $data) (i32.mul (i32.load offset=28 (local.get $r)) (local.get $rowBytes))))
      (local.set $s0 (v128.const i64x2 0 0))
      (local.set $s1 (v128.const i64x2 0 0))
      (local.set $s2 (v128.const i64x2 0 0))
      (local.set $s3 (v128.const i64x2 0 0))
      (local.set $k (i32.const 0))
      (local.set $qk (local.get $q))
      (block $wide_done (loop $wide
        (br_if $wide_done (i32.ge_u (local.get $k) (local.get $vecBytes)))
        (local.set $q0 (v128.load64_splat (local.get $qk)))
        (local.set $q1 (v128.load64_splat offset=8 (local.get $qk)))
        (local.set $q2 (v128.load64_splat offset=16 (local.get $qk)))
        (local.set $q3 (v128.load64_splat offset=24 (local.get $qk)))
        ;; rows 0 and 1: lanes [a_l, b_l] for l = 0..3, promoted to float64, times q[k + l]
        (local.set $a (v128.load (i32.add (local.get $o0) (local.get $k))))
        (local.set $b (v128.load (i32.add (local.get $o1) (local.get $k))))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $q0)
          (f64x2.promote_low_f32x4 (i8x16.shuffle 0 1 2 3 16 17 18 19 0 1 2 3 16 17 18 19 (local.get $a) (local.get $b))))))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $q1)
          (f64x2.promote_low_f32x4 (i8x16.shuffle 4 5 6 7 20 21 22 23 4 5 6 7 20 21 22 23 (local.get $a) (local.get $b))))))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $q2)
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 24 25 26 27 8 9 10 11 24 25 26 27 (local.get $a) (local.get $b))))))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $q3)
          (f64x2.promote_low_f32x4 (i8x16.shuffle 12 13 14 15 28 29 30 31 12 13 14 15 28 29 30 31 (local.get $a) (local.get $b))))))
        ;; rows 2 and 3: lanes [a_l, b_l] for l = 0..3, promoted to float64, times q[k + l]
        (local.set $a (v128.load (i32.add (local.get $o2) (local.get $k))))
        (local.set $b (v128.load (i32.add (local.get $o3) (local.get $k))))
        (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $q0)
          (f64x2.promote_low_f32x4 (i8x16.shuffle 0 1 2 3 16 17 18 19 0 1 2 3 16 17 18 19 (local.get $a) (local.get $b))))))
        (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $q1)
          (f64x2.promote_low_f32x4 (i8x16.shuffle 4 5 6 7 20 21 22 23 4 5 6 7 20 21 22 23 (local.get $a) (local.get $b))))))
        (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $q2)
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 24 25 26 27 8 9 10 11 24 25 26 27 (local.get $a) (local.get $b))))))
        (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $q3)
          (f64x2.promote_low_f32x4 (i8x16.shuffle 12 13 14 15 28 29 30 31 12 13 14 15 28 29 30 31 (local.get $a) (local.get $b))))))
        ;; rows 4 and 5: lanes [a_l, b_l] for l = 0..3, promoted to float64, times q[k + l]
        (local.set $a (v128.load (i32.add (local.get $o4) (local.get $k))))
        (local.set $b (v128.load (i32.add (local.get $o5) (local.get $k))))
        (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $q0)
          (f64x2.promote_low_f32x4 (i8x16.shuffle 0 1 2 3 16 17 18 19 0 1 2 3 16 17 18 19 (local.get $a) (local.get $b))))))
        (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $q1)
          (f64x2.promote_low_f32x4 (i8x16.shuffle 4 5 6 7 20 21 22 23 4 5 6 7 20 21 22 23 (local.get $a) (local.get $b))))))
        (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $q2)
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 24 25 26 27 8 9 10 11 24 25 26 27 (local.get $a) (local.get $b))))))
        (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $q3)
          (f64x2.promote_low_f32x4 (i8x16.shuffle 12 13 14 15 28 29 30 31 12 13 14 15 28 29 30 31 (local.get $a) (local.get $b))))))
        ;; rows 6 and 7: lanes [a_l, b_l] for l = 0..3, promoted to float64, times q[k + l]
        (local.set $a (v128.load (i32.add (local.get $o6) (local.get $k))))
        (local.set $b (v128.load (i32.add (local.get $o7) (local.get $k))))
        (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $q0)
          (f64x2.promote_low_f32x4 (i8x16.shuffle 0 1 2 3 16 17 18 19 0 1 2 3 16 17 18 19 (local.get $a) (local.get $b))))))
        (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $q1)
          (f64x2.promote_low_f32x4 (i8x16.shuffle 4 5 6 7 20 21 22 23 4 5 6 7 20 21 22 23 (local.get $a) (local.get $b))))))
        (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $q2)
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 24 25 26 27 8 9 10 11 24 25 26 27 (local.get $a) (local.get $b))))))
        (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $q3)
          (f64x2.promote_low_f32x4 (i8x16.shuffle 12 13 14 15 28 29 30 31 12 13 14 15 28 29 30 31 (local.get $a) (local.get $b))))))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (local.set $qk (i32.add (local.get $qk) (i32.const 32)))
        (br $wide)))
      (block $tail_done (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $k) (local.get $rowBytes)))
        (local.set $q0 (v128.load64_splat (local.get $qk)))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $q0)
          (f64x2.replace_lane 1
            (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $o0) (local.get $k)))))
            (f64.promote_f32 (f32.load (i32.add (local.get $o1) (local.get $k))))))))
        (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $q0)
          (f64x2.replace_lane 1
            (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $o2) (local.get $k)))))
            (f64.promote_f32 (f32.load (i32.add (local.get $o3) (local.get $k))))))))
        (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $q0)
          (f64x2.replace_lane 1
            (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $o4) (local.get $k)))))
            (f64.promote_f32 (f32.load (i32.add (local.get $o5) (local.get $k))))))))
        (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $q0)
          (f64x2.replace_lane 1
            (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $o6) (local.get $k)))))
            (f64.promote_f32 (f32.load (i32.add (local.get $o7) (local.get $k))))))))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (local.set $qk (i32.add (local.get $qk) (i32.const 8)))
        (br $tail)))
      (local.set $r (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3))))
      (v128.store offset=0 (local.get $r) (local.get $s0))
      (v128.store offset=16 (local.get $r) (local.get $s1))
      (v128.store offset=32 (local.get $r) (local.get $s2))
      (v128.store offset=48 (local.get $r) (local.get $s3))
      (local.set $j (i32.add (local.get $j) (i32.const 8)))
      (br $group)))))
