// pvppc-blk: a virtio-blk backend in its own process. It attaches to the
// backend channel of a running pvppc (`pvppc run --disk-backend NAME`), maps
// the VM's guest RAM and serves the device's queue from a raw image. Killed,
// it leaves the VM running (the guest's requests fail with I/O errors); a
// new pvppc-blk on the same channel takes over.
//
//   pvppc-blk --channel NAME --disk FILE[,ro] [--wait SECONDS]
//
// Exit status: 0 the VM went away or SIGINT/SIGTERM, 1 setup error (image,
// channel, guest RAM), 2 bad command line.
#include <signal.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdio>

#include "virtio-backends/blk/disk_image.h"
#include "virtio-backends/blk/disk_option.h"
#include "virtio-backends/blk/virtio_blk.h"
#include "virtio-backends/remote/backend_server.h"
#include "virtio-backends/remote/control_segment.h"

namespace {

std::atomic<bool> g_stop{false};
void OnSignal(int) { g_stop = true; }

int Fail(const std::string& message) {
  std::fprintf(stderr, "pvppc-blk: %s\n", message.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace pvppc::backends;
  CLI::App app{"pvppc-blk: a virtio-blk backend process for pvppc", "pvppc-blk"};
  std::string channel, disk;
  double wait_seconds = 10;
  app.add_option("--channel", channel, "Backend channel name (pvppc run --disk-backend NAME)")
      ->required();
  app.add_option("--disk", disk, "FILE[,ro]: the raw image to serve")->required();
  app.add_option("--wait", wait_seconds, "Seconds to wait for the VM's channel (default 10)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  auto option = blk::ParseDiskOption(disk);
  if (!option) {
    std::fprintf(stderr, "pvppc-blk: --disk: %s\n", option.error().message.c_str());
    return 2;
  }
  auto image = blk::DiskImage::Open(*option);
  if (!image) return Fail(image.error().message);
  auto segment = remote::ControlSegment::Open(
      channel, std::chrono::milliseconds(static_cast<int64_t>(wait_seconds * 1000)));
  if (!segment) return Fail(segment.error().message);
  auto ram = remote::GuestRamMapping::Open(segment->block());
  if (!ram) return Fail(ram.error().message);

  blk::VirtioBlk device("vd-" + channel, *image);
  remote::BackendServer server(segment->block(), (*ram)->memory(), device);
  if (pvppc::Status s = server.attach(); !s) return Fail(s.error().message);
  struct sigaction sa = {};
  sa.sa_handler = OnSignal;
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
  std::fprintf(stderr, "pvppc-blk: serving %s on channel %s\n", disk.c_str(), channel.c_str());
  const std::string why = server.run(g_stop);
  std::fprintf(stderr, "pvppc-blk: %s; %llu requests served\n", why.c_str(),
               static_cast<unsigned long long>(device.requests_completed()));
  return 0;
}
