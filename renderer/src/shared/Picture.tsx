import type { Avatar, Picture } from '../../../main/api/learners';

/** Our own avatars: a simple picture on a coloured disc each (no photo needed, nothing personal). */
const AVATAR_ART: Record<Avatar, { bg: string; draw: string }> = {
  padi: {
    bg: '#e9d98b',
    draw: 'M32 54V22M32 30c-6-2-9-7-9-12 6 1 9 6 9 12zm0 8c6-2 9-7 9-12-6 1-9 6-9 12zm0 8c-6-2-9-7-9-12 6 1 9 6 9 12z',
  },
  kelapa: {
    bg: '#bfe3c9',
    draw: 'M33 56c-1-12 0-22 3-30M36 26c-8-6-16-4-20 2M36 26c8-6 16-4 20 2M36 26c-2-8-8-12-14-12M36 26c4-8 10-10 16-8',
  },
  rumah: { bg: '#f3c7a6', draw: 'M14 32 32 16l18 16M19 29v23h26V29M28 52V40h8v12' },
  perahu: {
    bg: '#b9d7f0',
    draw: 'M12 40h40l-6 10H18zM32 40V14l14 22H32M10 54c4 2 8 2 12 0s8-2 12 0 8 2 12 0 8-2 10 0',
  },
  gunung: { bg: '#cfd8e3', draw: 'M8 50 26 20l10 16 6-8 14 22zM22 27l4 4 4-4' },
  matahari: {
    bg: '#ffe2a1',
    draw: 'M32 22a10 10 0 1 0 0 20 10 10 0 0 0 0-20zM32 10v6M32 48v6M10 32h6M48 32h6M16 16l4 4M44 44l4 4M16 48l4-4M44 20l4-4',
  },
  bunga: {
    bg: '#f5c6d6',
    draw: 'M32 36v18M32 44c-5 0-8-3-9-6 5 0 8 2 9 6zM32 26a4 4 0 1 0 0 8 4 4 0 0 0 0-8zM32 26c-2-6 2-10 0-12-2 2 2 6 0 12zM36 30c6-2 10 2 12 0-2-2-6 2-12 0zM28 30c-6-2-10 2-12 0 2-2 6 2 12 0z',
  },
  burung: {
    bg: '#d6e7b8',
    draw: 'M14 36c6-10 18-12 26-6l10-4-6 8c0 8-8 14-18 14-6 0-10-4-12-12zM40 30a1 1 0 1 0 0 .1M24 40c4 2 8 2 12-2',
  },
};

export function AvatarArt({ avatar }: { avatar: Avatar }) {
  const art = AVATAR_ART[avatar];
  return (
    <svg viewBox="0 0 64 64" className="avatar-art" aria-hidden="true" focusable="false">
      <circle cx="32" cy="32" r="32" fill={art.bg} />
      <path
        d={art.draw}
        fill="none"
        stroke="#1b1b1b"
        strokeWidth="2.5"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/** A name card's picture, decorative (the name beside it says who it is); nothing when there is none. */
export function CardPicture({ picture }: { picture: Picture }) {
  if (!picture) return null;
  return (
    <span className="card-picture" aria-hidden="true">
      {picture.kind === 'photo' ? (
        <img src={picture.dataUrl} alt="" />
      ) : (
        <AvatarArt avatar={picture.avatar} />
      )}
    </span>
  );
}
