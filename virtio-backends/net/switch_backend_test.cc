#include "virtio-backends/net/switch_backend.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/interprocess/mapped_region.hpp>
#include <boost/interprocess/shared_memory_object.hpp>
#include <condition_variable>
#include <mutex>
#include <random>
#include <vector>

namespace pvppc::backends::net {
namespace {

namespace bip = boost::interprocess;
using Frame = std::vector<std::byte>;

std::string UniqueName(const char* what) {
  // Unique across test processes, which may share /dev/shm but not a pid
  // namespace.
  static const std::string suffix =
      std::to_string(::getpid()) + "-" + std::to_string(std::random_device()());
  return std::string("test-") + what + "-" + suffix;
}

Frame MakeFrame(uint64_t destination, uint64_t source, uint8_t fill, size_t size = 60) {
  Frame frame(size, std::byte{fill});
  for (int i = 0; i < 6; ++i) {
    frame[i] = std::byte(destination >> (40 - 8 * i));
    frame[6 + i] = std::byte(source >> (40 - 8 * i));
  }
  return frame;
}

uint64_t AddressOf(const MacAddress& mac) {
  uint64_t value = 0;
  for (uint8_t byte : mac) value = value << 8 | byte;
  return value;
}

constexpr uint64_t kBroadcast = 0xffff'ffff'ffffULL;

std::vector<Frame> Drain(SwitchBackend& backend) {
  std::vector<Frame> frames;
  backend.take_frames([&](std::span<const std::byte> frame) {
    frames.emplace_back(frame.begin(), frame.end());
    return true;
  });
  return frames;
}

std::unique_ptr<SwitchBackend> Join(
    const std::string& name, std::function<void()> wake = [] {}) {
  auto backend = SwitchBackend::Create(name, std::move(wake));
  EXPECT_TRUE(backend) << backend.error().message;
  return backend ? std::move(*backend) : nullptr;
}

TEST(SwitchBackend, BroadcastReachesEveryOtherPort) {
  const std::string name = UniqueName("broadcast");
  auto a = Join(name), b = Join(name), c = Join(name);
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->port(), 0u);
  EXPECT_EQ(b->port(), 1u);
  EXPECT_NE(a->mac(), b->mac());
  const Frame arp = MakeFrame(kBroadcast, AddressOf(a->mac()), 0xa5);
  ASSERT_TRUE(a->send(arp));
  EXPECT_EQ(Drain(*b), std::vector<Frame>{arp});
  EXPECT_EQ(Drain(*c), std::vector<Frame>{arp});
  EXPECT_TRUE(Drain(*a).empty());  // never back to the sender
}

TEST(SwitchBackend, UnicastGoesOnlyToTheLearnedPort) {
  const std::string name = UniqueName("unicast");
  auto a = Join(name), b = Join(name), c = Join(name);
  ASSERT_TRUE(a && b && c);
  const uint64_t b_address = 0x02'00'00'00'00'0bULL;  // b's guest chose its own MAC
  // Unknown yet: flooded.
  ASSERT_TRUE(a->send(MakeFrame(b_address, AddressOf(a->mac()), 1)));
  EXPECT_EQ(Drain(*b).size(), 1u);
  EXPECT_EQ(Drain(*c).size(), 1u);
  // b speaks, the switch learns where b_address is.
  ASSERT_TRUE(b->send(MakeFrame(AddressOf(a->mac()), b_address, 2)));
  EXPECT_EQ(Drain(*a).size(), 1u);
  EXPECT_TRUE(Drain(*c).empty());
  const Frame to_b = MakeFrame(b_address, AddressOf(a->mac()), 3, 1514);
  ASSERT_TRUE(a->send(to_b));
  EXPECT_EQ(Drain(*b), std::vector<Frame>{to_b});
  EXPECT_TRUE(Drain(*c).empty());
}

TEST(SwitchBackend, ArrivingFramesWakeTheReceiver) {
  const std::string name = UniqueName("wake");
  std::mutex mutex;
  std::condition_variable woken;
  int wakes = 0;
  auto a = Join(name);
  auto b = Join(name, [&] {
    std::lock_guard lock(mutex);
    ++wakes;
    woken.notify_all();
  });
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(a->send(MakeFrame(kBroadcast, AddressOf(a->mac()), 1)));
  std::unique_lock lock(mutex);
  EXPECT_TRUE(woken.wait_for(lock, std::chrono::seconds(5), [&] { return wakes > 0; }));
}

TEST(SwitchBackend, FullRingDropsAndRefusedFramesStay) {
  const std::string name = UniqueName("full");
  auto a = Join(name), b = Join(name);
  ASSERT_TRUE(a && b);
  for (uint32_t i = 0; i < kRingSlots + 5; ++i) {
    ASSERT_TRUE(a->send(MakeFrame(kBroadcast, AddressOf(a->mac()), static_cast<uint8_t>(i))));
  }
  EXPECT_EQ(a->frames_dropped(), 5u);
  // No receive buffer after two frames: the rest stay in the ring.
  int taken = 0;
  b->take_frames([&](std::span<const std::byte>) { return ++taken <= 2; });
  const std::vector<Frame> rest = Drain(*b);
  ASSERT_EQ(rest.size(), kRingSlots - 2);
  EXPECT_EQ(rest.front()[20], std::byte{2});
}

TEST(SwitchBackend, FramesTooLongOrTooShortAreErrors) {
  const std::string name = UniqueName("long");
  auto a = Join(name), b = Join(name);
  ASSERT_TRUE(a && b);
  EXPECT_FALSE(a->send(MakeFrame(kBroadcast, 2, 0, kSwitchFrameBytes + 1)));
  EXPECT_FALSE(a->send(Frame(10)));
  EXPECT_TRUE(Drain(*b).empty());
}

// A VM killed on the switch: its port keeps a dead pid and a ring of frames
// nobody takes. The others go on; the next VM takes the port, without the
// stale frames.
TEST(SwitchBackend, APortOfADeadVmIsTakenOverEmpty) {
  const std::string name = UniqueName("dead");
  auto a = Join(name);
  ASSERT_TRUE(a);
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ASSERT_GT(child, 0);
  ASSERT_EQ(::waitpid(child, nullptr, 0), child);
  {
    bip::shared_memory_object object(bip::open_only, SwitchSegment::ObjectName(name).c_str(),
                                     bip::read_write);
    bip::mapped_region region(object, bip::read_write);
    static_cast<SwitchLayout*>(region.get_address())->port[1].owner_pid.store(child);
  }
  for (uint32_t i = 0; i < kRingSlots + 1; ++i) {  // fills the dead port's ring
    ASSERT_TRUE(a->send(MakeFrame(kBroadcast, AddressOf(a->mac()), 7)));
  }
  EXPECT_EQ(a->frames_dropped(), 1u);
  auto b = Join(name);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->port(), 1u);
  EXPECT_TRUE(Drain(*b).empty());
  const Frame fresh = MakeFrame(kBroadcast, AddressOf(a->mac()), 8);
  ASSERT_TRUE(a->send(fresh));
  EXPECT_EQ(Drain(*b), std::vector<Frame>{fresh});
}

TEST(SwitchBackend, AllPortsTakenIsAnError) {
  const std::string name = UniqueName("ports");
  std::vector<std::unique_ptr<SwitchBackend>> backends;
  for (uint32_t i = 0; i < kSwitchPorts; ++i) backends.push_back(Join(name));
  auto one_more = SwitchBackend::Create(name, [] {});
  ASSERT_FALSE(one_more);
  EXPECT_NE(one_more.error().message.find("ports are taken"), std::string::npos);
  backends.pop_back();  // a port given back is free again
  EXPECT_TRUE(Join(name));
}

TEST(SwitchBackend, TheLastVmToLeaveRemovesTheObject) {
  const std::string name = UniqueName("remove");
  const std::string path = "/dev/shm/" + SwitchSegment::ObjectName(name);
  {
    auto a = Join(name), b = Join(name);
    ASSERT_TRUE(a && b);
    a.reset();
    EXPECT_EQ(::access(path.c_str(), F_OK), 0);
  }
  EXPECT_NE(::access(path.c_str(), F_OK), 0);
}

TEST(SwitchBackend, AnObjectThatIsNotASwitchIsAnError) {
  const std::string name = UniqueName("foreign");
  const std::string path = "/dev/shm/" + SwitchSegment::ObjectName(name);
  const int fd = ::open(path.c_str(), O_CREAT | O_RDWR, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::write(fd, "not a switch", 12), 12);
  ::close(fd);
  auto backend = SwitchBackend::Create(name, [] {});
  ::unlink(path.c_str());
  ASSERT_FALSE(backend);
  EXPECT_NE(backend.error().message.find("is not a pvppc switch"), std::string::npos)
      << backend.error().message;
}

}  // namespace
}  // namespace pvppc::backends::net
