"""An IP camera's RTSP server for the camera tests: GStreamer's RTSP server (Debian: gir1.2-gst-rtsp-server-1.0,
gstreamer1.0-plugins-base/-good, python3-gi) serving a live SMPTE test pattern as Motion JPEG over RTP, over TCP
or UDP as the client asks. Usage: rtsp-camera.py <port> <path>; prints "ready" once it listens on 127.0.0.1."""
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

PIPELINE = (
    "( videotestsrc is-live=true pattern=smpte ! video/x-raw,width=320,height=240,framerate=10/1"
    " ! videoconvert ! video/x-raw,format=I420 ! jpegenc ! rtpjpegpay name=pay0 pt=26 )"
)


def main() -> None:
    port, path = sys.argv[1], sys.argv[2]
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(port)
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(PIPELINE)
    factory.set_shared(True)
    server.get_mount_points().add_factory(path, factory)
    if server.attach(None) == 0:
        sys.exit(f"cannot listen on 127.0.0.1:{port}")
    print("ready", flush=True)
    GLib.MainLoop().run()


main()
