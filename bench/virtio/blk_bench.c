/* pvppc-blk-bench: block I/O figures on one file or block device, the same
 * program in the guest (/usr/bin/pvppc-blk-bench, on /dev/vda) and on the
 * host (on the image file behind it): sequential write and read MB/s in
 * 64 KiB requests, then 4 KiB random read and write IOPS. O_DIRECT where
 * the file system allows it, so both sides measure the device, not a page
 * cache.
 *
 *   pvppc-blk-bench PATH MEBIBYTES SECONDS
 *   pvppc-blk-bench PATH MEBIBYTES SECONDS JOBS [KIB_PER_CALL]   (streaming)
 *
 * Prints "blk-bench: NAME VALUE" lines and "blk-bench: requests N" (the
 * read/write calls made, one device request each with O_DIRECT).
 *
 * With JOBS: a streaming load only. JOBS processes each write, then read,
 * their own MEBIBYTES/JOBS slice in O_DIRECT calls of KIB_PER_CALL (256),
 * which the block layer splits into requests of at most max_sectors_kb and
 * submits together; prints stream_write_MBps,
 * stream_read_MBps and "requests N", the requests the block device completed
 * (/sys/block/NAME/stat, reads plus writes) when PATH is one. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
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

/* Reads plus writes completed by the block device behind `path` (fields 1
 * and 5 of /sys/block/NAME/stat), or -1 when it is not a block device. */
static long long device_requests(const char* path) {
  const char* name = strrchr(path, '/');
  char stat_path[256];
  snprintf(stat_path, sizeof stat_path, "/sys/block/%s/stat", name ? name + 1 : path);
  FILE* f = fopen(stat_path, "r");
  if (!f) return -1;
  long long v[5] = {0};
  const int n = fscanf(f, "%lld %lld %lld %lld %lld", &v[0], &v[1], &v[2], &v[3], &v[4]);
  fclose(f);
  return n == 5 ? v[0] + v[4] : -1;
}

/* One pass of the streaming load: `jobs` processes, each on its slice. */
static int stream_pass(const char* path, uint64_t bytes, int jobs, size_t chunk, int write) {
  const uint64_t slice = bytes / jobs / chunk * chunk;
  for (int j = 0; j < jobs; ++j) {
    const pid_t pid = fork();
    if (pid < 0) { perror("fork"); return 1; }
    if (pid > 0) continue;
    int fd = open(path, (write ? O_WRONLY : O_RDONLY) | O_DIRECT);
    void* buffer;
    if (fd < 0 || posix_memalign(&buffer, 4096, chunk) != 0) _exit(1);
    memset(buffer, 0x3C, chunk);
    for (uint64_t off = j * slice; off < (j + 1) * slice; off += chunk) {
      const ssize_t done = write ? pwrite(fd, buffer, chunk, (off_t)off)
                                 : pread(fd, buffer, chunk, (off_t)off);
      if (done != (ssize_t)chunk) _exit(1);
    }
    _exit(write && fdatasync(fd) != 0);
  }
  int failed = 0, status;
  while (wait(&status) > 0) failed |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
  return failed;
}

static int stream(const char* path, uint64_t bytes, int jobs, size_t chunk) {
  const long long before = device_requests(path);
  double t0 = now();
  if (stream_pass(path, bytes, jobs, chunk, 1)) { fprintf(stderr, "stream write failed\n"); return 1; }
  printf("blk-bench: stream_write_MBps %.2f\n", bytes / 1e6 / (now() - t0));
  t0 = now();
  if (stream_pass(path, bytes, jobs, chunk, 0)) { fprintf(stderr, "stream read failed\n"); return 1; }
  printf("blk-bench: stream_read_MBps %.2f\n", bytes / 1e6 / (now() - t0));
  const long long after = device_requests(path);
  printf("blk-bench: requests %lld\n", before < 0 ? 0 : after - before);
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 4 || argc > 6) {
    fprintf(stderr, "usage: pvppc-blk-bench PATH MEBIBYTES SECONDS [JOBS [KIB_PER_CALL]]\n");
    return 2;
  }
  if (argc >= 5) {
    const int jobs = atoi(argv[4]) > 0 ? atoi(argv[4]) : 1;
    const size_t kib = argc == 6 && atoi(argv[5]) >= 4 ? (size_t)atoi(argv[5]) : 256;
    return stream(argv[1], strtoull(argv[2], NULL, 0) << 20, jobs, kib * 1024 / 4096 * 4096);
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
