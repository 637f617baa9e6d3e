/* Makes a system call pvppc_user does not implement (msgsnd, 400). */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  printf("calling\n");
  fflush(stdout);
  syscall(400, 0, 0, 0, 0);
  return 0;
}
