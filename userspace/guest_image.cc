#include "userspace/guest_image.h"

namespace pvppc::user {

Result<std::unique_ptr<GuestImage>> GuestImage::Create(cpu::TimeBase& time_base,
                                                       cpu::CoreOptions options) {
  auto space = FlatAddressSpace::Create();
  if (!space) return tl::unexpected(space.error());
  return std::unique_ptr<GuestImage>(new GuestImage(std::move(*space), time_base, options));
}

GuestImage::GuestImage(std::unique_ptr<FlatAddressSpace> space, cpu::TimeBase& time_base,
                       cpu::CoreOptions options)
    : space_(std::move(space)), memory_(*space_) {
  core_ = std::make_unique<cpu::Core>(state_, *space_, space_->memory(), time_base, options);
  // Unmap and mprotect must reach the core's software TLB.
  space_->set_translation_flush([core = core_.get()] { core->flush_translations(); });
}

}  // namespace pvppc::user
