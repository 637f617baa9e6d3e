/* pvppc-blk-bench: block I/O figures on one file or block device, the same
 * program in the guest (/usr/bin/pvppc-blk-bench, on /dev/vda) and on the
 * host (on the image file behind it): sequential write and read MB/s in
 * 64 KiB requests, then 4 KiB random read and write IOPS. O_DIRECT where
 * the file system allows it, so both sides measure the device, not a page
 * cache.
 *
 *   pvppc-blk-bench PATH MEBIBYTES SECONDS
 *
 * Prints "blk-bench: NAME VALUE" lines and "blk-bench: requests N" (the
 * read/write calls made, one device request each with O_DIRECT). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next_random(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

int main(int argc, char** argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: pvppc-blk-bench PATH MEBIBYTES SECONDS\n");
    return 2;
  }
  const char* path = argv[1];
  const uint64_t bytes = strtoull(argv[2], NULL, 0) << 20;
  const double seconds = atof(argv[3]);
  int direct = 1;
  int fd = open(path, O_RDWR | O_DIRECT);
  if (fd < 0 && errno == EINVAL) {
    direct = 0;
    fd = open(path, O_RDWR);
  }
  if (fd < 0) {
    perror(path);
    return 1;
  }
  printf("blk-bench: o_direct %d\n", direct);
  const size_t big = 64 * 1024, small = 4096;
  void* buffer;
  if (posix_memalign(&buffer, 4096, big) != 0) return 1;
  memset(buffer, 0x5A, big);
  uint64_t requests = 0;

  double t0 = now();
  for (uint64_t off = 0; off < bytes; off += big, ++requests) {
    if (pwrite(fd, buffer, big, (off_t)off) != (ssize_t)big) { perror("write"); return 1; }
  }
  if (fdatasync(fd) != 0) { perror("fdatasync"); return 1; }
  printf("blk-bench: seq_write_MBps %.2f\n", bytes / 1e6 / (now() - t0));

  if (!direct) posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  t0 = now();
  for (uint64_t off = 0; off < bytes; off += big, ++requests) {
    if (pread(fd, buffer, big, (off_t)off) != (ssize_t)big) { perror("read"); return 1; }
  }
  printf("blk-bench: seq_read_MBps %.2f\n", bytes / 1e6 / (now() - t0));

  const uint64_t blocks = bytes / small;
  uint64_t ops = 0;
  t0 = now();
  double t = t0;
  while (t - t0 < seconds) {
    const off_t off = (off_t)((next_random() % blocks) * small);
    if (pread(fd, buffer, small, off) != (ssize_t)small) { perror("read"); return 1; }
    ++ops;
    if ((ops & 15) == 0) t = now();
  }
  t = now();
  printf("blk-bench: rand_read_4k_iops %.0f\n", ops / (t - t0));
  requests += ops;

  ops = 0;
  t0 = now();
  t = t0;
  while (t - t0 < seconds) {
    const off_t off = (off_t)((next_random() % blocks) * small);
    if (pwrite(fd, buffer, small, off) != (ssize_t)small) { perror("write"); return 1; }
    ++ops;
    if ((ops & 15) == 0) t = now();
  }
  if (fdatasync(fd) != 0) { perror("fdatasync"); return 1; }
  t = now();
  printf("blk-bench: rand_write_4k_iops %.0f\n", ops / (t - t0));
  requests += ops;
  printf("blk-bench: requests %llu\n", (unsigned long long)requests);
  close(fd);
  return 0;
}
