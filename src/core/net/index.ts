/** Network layers: link, IP (with fragment reassembly), TCP/UDP, and TCP stream reassembly. */
export { PacketDecoder, decodePacket, isPlainUdpFrame, type PacketDecoderOptions } from './decoder';
export { formatIpv4, formatIpv6 } from './address';
export { TcpStreamTable, type StreamEndpoints, type StreamSink, type StreamSummary, type TcpStreamOptions } from './tcp-streams';
export type { DirectionCounters } from './reassembly';
export type { Datagram, FragmentInfo, NetPacket, TcpPacket, TcpSegment, UdpDatagram } from './types';
