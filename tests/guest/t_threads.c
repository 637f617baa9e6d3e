/* threads: pthread_create/join with return values, atomic counters
 * (lwarx/stwcx.), a mutex-protected counter, a condition-variable queue,
 * thread-local storage, thread ids. Checks are made on the main thread only. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tests/guest/guest_test.h"

#define NUM_THREADS 4
#define INCREMENTS 20000
#define QUEUE_ITEMS 2000

static uint32_t atomic_counter;
static uint32_t cas_counter;
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long locked_counter;
static __thread int tls_value = 5;

struct worker_result {
  pid_t tid;
  int tls_before;
  int tls_after;
};

static void *worker(void *arg) {
  int index = (int)(intptr_t)arg;
  static struct worker_result results[NUM_THREADS];
  struct worker_result *r = &results[index];
  r->tid = (pid_t)syscall(SYS_gettid);
  r->tls_before = tls_value;
  tls_value = 100 + index;
  for (int i = 0; i < INCREMENTS; i++) {
    __atomic_fetch_add(&atomic_counter, 1, __ATOMIC_RELAXED);
    uint32_t seen = __atomic_load_n(&cas_counter, __ATOMIC_RELAXED);
    while (!__atomic_compare_exchange_n(&cas_counter, &seen, seen + 3, 1, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
    }
    pthread_mutex_lock(&counter_lock);
    locked_counter += 2;
    pthread_mutex_unlock(&counter_lock);
    if (i % 1000 == 0) sched_yield();
  }
  r->tls_after = tls_value;
  return r;
}

static void test_counters(void) {
  pthread_t threads[NUM_THREADS];
  int created = 0;
  for (int i = 0; i < NUM_THREADS; i++) {
    if (pthread_create(&threads[i], NULL, worker, (void *)(intptr_t)i) == 0) created++;
  }
  EXPECT_EQ(created, NUM_THREADS, "pthread_create() of %d threads", NUM_THREADS);
  pid_t tids[NUM_THREADS] = {0};
  int joined = 0, tls_ok = 1;
  for (int i = 0; i < created; i++) {
    void *ret = NULL;
    if (pthread_join(threads[i], &ret) == 0 && ret != NULL) {
      joined++;
      struct worker_result *r = ret;
      tids[i] = r->tid;
      tls_ok &= r->tls_before == 5 && r->tls_after == 100 + i;
    }
  }
  EXPECT_EQ(joined, NUM_THREADS, "pthread_join() returns each thread's result");
  EXPECT_EQ(atomic_counter, NUM_THREADS * INCREMENTS, "a 32-bit atomic counter incremented by %d threads",
            NUM_THREADS);
  EXPECT_EQ(cas_counter, 3u * NUM_THREADS * INCREMENTS, "a counter updated with compare-and-swap loops");
  EXPECT_EQ(locked_counter, 2L * NUM_THREADS * INCREMENTS, "a mutex-protected counter");
  EXPECT(tls_ok, "each thread starts with the initial TLS value and keeps its own");
  EXPECT_EQ(tls_value, 5, "the main thread's TLS value is untouched");
  int distinct = 1;
  pid_t pid = getpid();
  for (int i = 0; i < NUM_THREADS; i++) {
    distinct &= tids[i] != 0 && tids[i] != pid;
    for (int k = 0; k < i; k++) distinct &= tids[i] != tids[k];
  }
  EXPECT(distinct, "every thread has its own thread id, none equal to the pid");
  EXPECT_EQ(syscall(SYS_gettid), pid, "the main thread's tid is the pid");
}

/* A bounded queue with two condition variables. */
static struct {
  pthread_mutex_t lock;
  pthread_cond_t not_empty, not_full;
  int items[16];
  int head, count;
  int done;
} queue = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER, {0}, 0, 0, 0};

static void *producer(void *arg) {
  int base = (int)(intptr_t)arg;
  for (int i = 1; i <= QUEUE_ITEMS; i++) {
    pthread_mutex_lock(&queue.lock);
    while (queue.count == 16) pthread_cond_wait(&queue.not_full, &queue.lock);
    queue.items[(queue.head + queue.count) % 16] = base + i;
    queue.count++;
    pthread_cond_signal(&queue.not_empty);
    pthread_mutex_unlock(&queue.lock);
  }
  return NULL;
}

static void *consumer(void *arg) {
  long long *sum = arg;
  for (;;) {
    pthread_mutex_lock(&queue.lock);
    while (queue.count == 0 && !queue.done) pthread_cond_wait(&queue.not_empty, &queue.lock);
    if (queue.count == 0 && queue.done) {
      pthread_mutex_unlock(&queue.lock);
      return NULL;
    }
    int v = queue.items[queue.head];
    queue.head = (queue.head + 1) % 16;
    queue.count--;
    pthread_cond_signal(&queue.not_full);
    pthread_mutex_unlock(&queue.lock);
    *sum += v;
  }
}

static void test_condvar_queue(void) {
  pthread_t producers[2], consumers[2];
  long long sums[2] = {0, 0};
  pthread_create(&producers[0], NULL, producer, (void *)(intptr_t)0);
  pthread_create(&producers[1], NULL, producer, (void *)(intptr_t)100000);
  pthread_create(&consumers[0], NULL, consumer, &sums[0]);
  pthread_create(&consumers[1], NULL, consumer, &sums[1]);
  pthread_join(producers[0], NULL);
  pthread_join(producers[1], NULL);
  pthread_mutex_lock(&queue.lock);
  queue.done = 1;
  pthread_cond_broadcast(&queue.not_empty);
  pthread_mutex_unlock(&queue.lock);
  pthread_join(consumers[0], NULL);
  pthread_join(consumers[1], NULL);
  long long expected = 2LL * QUEUE_ITEMS * (QUEUE_ITEMS + 1) / 2 + 100000LL * QUEUE_ITEMS;
  EXPECT_EQ(sums[0] + sums[1], expected,
            "2 producers and 2 consumers pass %d items through a condition-variable queue", 2 * QUEUE_ITEMS);
  EXPECT_EQ(queue.count, 0, "the queue is empty at the end");
}

static void *sleeper(void *arg) {
  struct timespec t = {0, 5000000};
  nanosleep(&t, NULL);
  return arg;
}

static void test_detach_and_many(void) {
  /* Create and join threads in turn: exercises stack reuse and exit. */
  int ok = 0;
  for (int i = 0; i < 32; i++) {
    pthread_t t;
    void *ret = NULL;
    if (pthread_create(&t, NULL, sleeper, (void *)(intptr_t)(i + 1)) == 0 && pthread_join(t, &ret) == 0 &&
        ret == (void *)(intptr_t)(i + 1)) {
      ok++;
    }
  }
  EXPECT_EQ(ok, 32, "32 threads created and joined one after another");

  pthread_t self = pthread_self();
  EXPECT(pthread_equal(self, pthread_self()), "pthread_self() is stable");
}

void group_threads(void) {
  test_counters();
  test_condvar_queue();
  test_detach_and_many();
}
