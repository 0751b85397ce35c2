import { describe, expect, it } from 'vitest';
import { parseRelayBoardConfig } from './config';
import { serialPortOpenOptions, unkeptFormat } from './link';

/** `stty -F <port> -a` as coreutils prints it (Debian 12), with the flags the check reads swapped in. */
const stty = (flags: string) => `speed 9600 baud; rows 0; columns 0; line = 0;
intr = ^C; quit = ^\\; erase = ^?; kill = ^U; eof = ^D; eol = <undef>;
-ignbrk -brkint -ignpar -parmrk -inpck -istrip -inlcr -igncr -icrnl -ixon -ixoff
${flags} hupcl cread clocal -crtscts
-isig -icanon -iexten -echo -echoe -echok -echonl -noflsh -xcase -tostop -echoprt`;

describe('the port is opened with the board\'s serial settings', () => {
  it('passes the config\'s baud rate, data bits, parity and stop bits to serialport', () => {
    const config = parseRelayBoardConfig({ id: 'a', protocol: 'modbus', port: '/dev/ttyUSB0', baudRate: 19_200, parity: 'even', stopBits: 2 });
    expect(serialPortOpenOptions('/dev/ttyUSB0', config)).toEqual({ path: '/dev/ttyUSB0', baudRate: 19_200, dataBits: 8, parity: 'even', stopBits: 2, autoOpen: false });
    const defaults = parseRelayBoardConfig({ id: 'b', protocol: 'ascii', port: '/dev/ttyACM0' });
    expect(serialPortOpenOptions('/dev/ttyACM0', defaults)).toMatchObject({ baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 });
  });
});

describe('a port that did not keep the character format asked', () => {
  const at = (parity: 'none' | 'even' | 'odd', stopBits: 1 | 2 = 1, dataBits: 7 | 8 = 8) => ({ baudRate: 9600, dataBits, parity, stopBits });

  it('keeps what was asked: nothing to say', () => {
    expect(unkeptFormat(stty('-parenb -parodd -cmspar cs8 -cstopb'), at('none'))).toBeNull();
    expect(unkeptFormat(stty('parenb -parodd -cmspar cs8 -cstopb'), at('even'))).toBeNull();
    expect(unkeptFormat(stty('parenb parodd -cmspar cs8 cstopb'), at('odd', 2))).toBeNull();
  });

  it('a pty asked for 8E1 (parity cleared, parodd kept): parity named, what it kept, what to do', () => {
    expect(unkeptFormat(stty('-parenb -parodd -cmspar cs8 -cstopb'), at('even'))).toBe(
      'cannot do parity even: asked for 9600 8E1, the port kept 9600 8N1 (a pseudo-terminal, or an adapter whose driver lacks it); use an RS-485 adapter that can, or set the board and its config to 8N1',
    );
    expect(unkeptFormat(stty('-parenb parodd -cmspar cs8 -cstopb'), at('odd'))).toMatch(/^cannot do parity odd: asked for 9600 8O1, the port kept 9600 8N1/);
  });

  it('7 data bits forced to 8, or a stop bit dropped, are named too', () => {
    expect(unkeptFormat(stty('-parenb -parodd -cmspar cs8 -cstopb'), at('none', 1, 7))).toMatch(/^cannot do 7 data bits: asked for 9600 7N1, the port kept 9600 8N1/);
    expect(unkeptFormat(stty('-parenb -parodd -cmspar cs8 -cstopb'), at('none', 2))).toMatch(/^cannot do 2 stop bits: asked for 9600 8N2, the port kept 9600 8N1/);
  });

  it('output it cannot read refuses nothing', () => {
    expect(unkeptFormat('', at('even'))).toBeNull();
    expect(unkeptFormat('stty: /dev/ttyUSB0: Input/output error', at('even'))).toBeNull();
  });
});
