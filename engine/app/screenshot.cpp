#include "engine/app/screenshot.h"

#include <stb_image_write.h>

#include <string>

namespace weft::engine {

net::Result<Image> readPixels(SDL_Renderer* renderer) {
  Image image;
  if (SDL_GetRendererOutputSize(renderer, &image.width, &image.height) != 0) {
    return net::Error{std::string("screenshot: no renderer output size: ") + SDL_GetError()};
  }
  if (image.width <= 0 || image.height <= 0) {
    return net::Error{"screenshot: the renderer has no pixels (minimised window?)"};
  }
  image.rgba.resize(static_cast<std::size_t>(image.width) * image.height * 4);
  if (SDL_RenderReadPixels(renderer, nullptr, SDL_PIXELFORMAT_RGBA32, image.rgba.data(),
                           image.width * 4) != 0) {
    return net::Error{std::string("screenshot: reading the pixels failed: ") + SDL_GetError()};
  }
  for (std::size_t i = 3; i < image.rgba.size(); i += 4) image.rgba[i] = 255;
  return image;
}

net::Result<void> writePng(const Image& image, const std::filesystem::path& path) {
  if (stbi_write_png(path.c_str(), image.width, image.height, 4, image.rgba.data(),
                     image.width * 4) == 0) {
    return net::Error{"screenshot: cannot write " + path.string()};
  }
  return {};
}

net::Result<void> saveScreenshot(SDL_Renderer* renderer, const std::filesystem::path& path) {
  auto image = readPixels(renderer);
  if (!image) return image.error();
  return writePng(*image, path);
}

}  // namespace weft::engine
